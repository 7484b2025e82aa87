// One fault at a time: each loads the whole platform and breaks a part of it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
