// A Vitest reporter that names every test that passed only on its retry: the suite runs against real servers on a
// shared machine, so one retry is allowed (vitest.config.ts), and a test that needed it is printed, not hidden.
export default class RetriedReporter {
  onTestCaseResult(testCase) {
    const retries = testCase.diagnostic()?.retryCount ?? 0
    if (retries > 0 && testCase.result().state === 'passed') {
      console.log(`unit retried: ${testCase.module.moduleId.replace(process.cwd() + '/', '')} › ${testCase.fullName} (passed on try ${retries + 1})`)
    }
  }
}
