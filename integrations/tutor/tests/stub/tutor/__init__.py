"""
A minimal stand-in for the parts of Tutor the drydock-fn plugin uses (tutor.hooks, tutor.env,
tutor.__about__), so its tests run without Tutor. Filters behave as Tutor's do: callbacks sorted by
priority (stable), `add_item(s)` append, `iterate()` applies them all.
"""
