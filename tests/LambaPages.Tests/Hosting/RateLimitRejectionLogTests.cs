using LambaPages.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace LambaPages.Tests.Hosting;

public sealed class RateLimitRejectionLogTests
{
    [Fact]
    public void Writes_the_first_rejection_at_once_then_one_line_per_interval_with_the_count_since_the_last()
    {
        var clock = new FakeTimeProvider();
        var log = new RateLimitRejectionLog(clock);

        Assert.True(log.ShouldWrite("login", out var first));
        Assert.Equal(1, first);
        for (var i = 0; i < 5; i++)
        {
            Assert.False(log.ShouldWrite("login", out _));
        }

        clock.Advance(RateLimitRejectionLog.Interval);
        Assert.True(log.ShouldWrite("login", out var later));
        Assert.Equal(6, later);
    }

    [Fact]
    public void Keeps_each_form_apart()
    {
        var log = new RateLimitRejectionLog(new FakeTimeProvider());

        Assert.True(log.ShouldWrite("login", out _));
        Assert.True(log.ShouldWrite("phone-code", out var other));
        Assert.Equal(1, other);
    }
}
