// Each test runs the whole platform; on two cores they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
