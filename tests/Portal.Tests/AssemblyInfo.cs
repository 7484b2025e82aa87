// Each test class runs the whole platform and a browser; on two cores they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
