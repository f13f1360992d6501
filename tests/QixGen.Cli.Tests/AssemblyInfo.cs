// qixgen writes to the process's console, which the tests capture: one test at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
