namespace Lamba.Emulator.Infrastructure;

/// <summary>
/// The emulator's notion of "now": real time plus an offset that <c>POST /_emulator/clock</c> moves,
/// so tests can expire tokens, links and lockouts without waiting.
/// </summary>
public sealed class EmulatorClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public void Reset() => Interlocked.Exchange(ref offsetTicks, 0);
}
