namespace BuildingBlocks.Tests;

/// <summary>
/// Starts work on threads of its own, released at the same moment, so that it really overlaps:
/// continuations of one awaited signal would run one after another on a single pool thread, and
/// SQLite's async methods complete synchronously.
/// </summary>
public static class Together
{
    public static Task RunAsync(int count, Func<int, Task> work)
    {
        var start = new Barrier(count);
        var runs = Enumerable.Range(0, count).Select(i => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(60));
                work(i).GetAwaiter().GetResult();
            },
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        return Task.WhenAll(runs).ContinueWith(t => { start.Dispose(); return t; }, TaskScheduler.Default).Unwrap();
    }
}
