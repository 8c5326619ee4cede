// Jest's own summary says "Tests: N passed, N total"; CI reads the plain "N passed, N failed" line.
module.exports = class SummaryReporter {
  onRunComplete(_, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    console.log(
      `${results.numPassedTests} passed, ${results.numFailedTests} failed` +
        (skipped ? `, ${skipped} skipped` : ''),
    );
  }
};
