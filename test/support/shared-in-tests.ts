/**
 * A value several tests read (the function's output for a fixture case), computed inside the first
 * test that asks for it rather than while Jest collects the tests.
 *
 * Why: Stryker's per-test coverage attributes the code a test runs to that test, and code run while
 * Jest collects tests or in `beforeAll` to no test ("static"), so each mutant it reaches would run every
 * selected test. Computed in the test, a mutant runs only the tests that read the value. Under Stryker
 * (its `__stryker__` global) every test computes the value itself, so that each test reading it is
 * seen covering the code and takes part in killing the mutants there; under plain Jest the tests of a
 * case share one computation.
 */
export function sharedInTests<T>(compute: () => T): () => T {
  const underMutationTesting = (globalThis as Record<string, unknown>).__stryker__ !== undefined;
  let computed: { value: T } | undefined;
  return () => {
    if (underMutationTesting) return compute();
    computed ??= { value: compute() };
    return computed.value;
  };
}
