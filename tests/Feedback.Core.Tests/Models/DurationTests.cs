using Feedback.Core.Models;

namespace Feedback.Core.Tests.Models;

public sealed class DurationTests
{
    [Theory]
    [InlineData("250ms", 0, 0, 0, 0, 250)]
    [InlineData("90s", 0, 0, 0, 90, 0)]
    [InlineData("30m", 0, 0, 30, 0, 0)]
    [InlineData("12h", 0, 12, 0, 0, 0)]
    [InlineData("7d", 7, 0, 0, 0, 0)]
    [InlineData("01:30:00", 0, 1, 30, 0, 0)]
    [InlineData(" 5m ", 0, 0, 5, 0, 0)]
    public void TryParse_AcceptsUnitsAndClockForm(string text, int days, int hours, int minutes, int seconds, int milliseconds)
    {
        Duration.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(new TimeSpan(days, hours, minutes, seconds, milliseconds));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("forever")]
    [InlineData("-5m")]
    [InlineData("5 m")]
    [InlineData("5w")]
    [InlineData("99999999999999999d")]
    public void TryParse_RejectsEverythingElse(string? text) => Duration.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData("7d")]
    [InlineData("36h")]
    [InlineData("90m")]
    [InlineData("61s")]
    [InlineData("1500ms")]
    public void Format_RoundTripsThroughTryParse(string text)
    {
        Duration.TryParse(text, out var value).ShouldBeTrue();
        Duration.Format(value).ShouldBe(text);
    }
}
