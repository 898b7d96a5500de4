/**
 * Run by the image's node (`node - BUNDLE`, this script on stdin): reports what a program there can
 * do (user, writes, network, shell) as one line of JSON. BUNDLE is the bundle's path in the image.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const bundle = process.argv[2];
const out = { uid: process.getuid(), gid: process.getgid() };
const tryWrite = (file) => { try { fs.writeFileSync(file, 'x'); fs.unlinkSync(file); return 'ok'; } catch (e) { return e.code; } };
out.writeTmp = tryWrite('/tmp/probe');
out.writeRoot = tryWrite('/probe');
out.writeBundleDir = tryWrite(path.join(path.dirname(bundle), 'probe'));
out.writeBundle = (() => { try { fs.appendFileSync(bundle, ''); return 'ok'; } catch (e) { return e.code; } })();
out.shell = ['/bin/sh', '/bin/bash', '/usr/bin/sh', '/bin/busybox'].filter((f) => fs.existsSync(f));
out.rootEntries = fs.readdirSync('/').sort();
out.interfaces = Object.keys(os.networkInterfaces());
out.env = Object.keys(process.env).sort();
const net = require('net');
const socket = net.connect({ host: '1.1.1.1', port: 443 });
socket.on('error', (e) => { out.connect = e.code; console.log(JSON.stringify(out)); });
socket.on('connect', () => { out.connect = 'connected'; console.log(JSON.stringify(out)); socket.destroy(); });
