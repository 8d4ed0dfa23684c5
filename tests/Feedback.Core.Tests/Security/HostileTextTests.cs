using System.Text;
using Feedback.Core.Errors;
using Feedback.Core.Json;
using Feedback.Core.Text;

namespace Feedback.Core.Tests.Security;

public sealed class HostileTextTests
{
    // The bad character comes as a number: xunit serialises test data as UTF-8, which cannot carry an unpaired surrogate.
    [Theory]
    [InlineData("a", 0x0000, "b", "NUL")]
    [InlineData("x", 0xD800, "", "unpaired")]
    [InlineData("", 0xDC00, "x", "unpaired")]
    public void StorableText_NamesWhatTheDatabaseCannotStore(string before, int bad, string after, string expected) =>
        StorableText.Problem(before + (char)bad + after)!.ShouldContain(expected);

    [Theory]
    [InlineData("plain")]
    [InlineData("emoji 🙂 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢")]
    [InlineData("")]
    public void StorableText_AcceptsValidUnicode(string text) => StorableText.Problem(text).ShouldBeNull();

    [Theory]
    [InlineData("""{"events":[{"comment":"ok"},{"comment":"a\u0000b"}]}""", "events[1].comment")]
    [InlineData("""{"inputs":{"city":"x\ud800"}}""", "inputs.city")]
    [InlineData("""{"a\u0000":1}""", "body")]
    public void JsonTextGuard_RefusesEscapedNulAndSurrogates_NamingThePath(string json, string field)
    {
        var error = Should.Throw<InvalidInputException>(() => JsonTextGuard.Check(Encoding.UTF8.GetBytes(json)));

        error.Errors.Keys.ShouldContain(field);
    }

    [Fact]
    public void JsonTextGuard_AcceptsAPairedSurrogateEscape() =>
        Should.NotThrow(() => JsonTextGuard.Check("""{"a":"\ud83d\ude42"}"""u8.ToArray()));

    [Fact]
    public void Yaml_BillionLaughs_IsRefusedQuickly()
    {
        var yaml = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            yaml.Append(level).Append(": &").Append(level).Append(" [").Append(string.Join(',', Enumerable.Repeat($"*{(char)(level - 1)}", 9))).Append("]\n");
        }

        var error = Should.Throw<InvalidInputException>(() => YamlJson.ToUtf8Json(yaml.ToString()));

        error.Message.ShouldContain("alias");
    }

    [Fact]
    public void Yaml_FewAliasesThatExpandHugely_AreRefusedByTheNodeBudget()
    {
        // 10 aliases of a 10-wide, 6-deep tree: few aliases, millions of nodes once expanded.
        var yaml = new StringBuilder("l0: &l0 [x,x,x,x,x,x,x,x,x,x]\n");
        for (var i = 1; i <= 6; i++)
        {
            yaml.Append($"l{i}: &l{i} [").Append(string.Join(',', Enumerable.Repeat($"*l{i - 1}", 10))).Append("]\n");
        }

        Should.Throw<InvalidInputException>(() => YamlJson.ToUtf8Json(yaml.ToString())).Message.ShouldContain("alias");
    }

    [Fact]
    public void Yaml_DeepNesting_IsRefusedWithoutOverflowingTheStack() =>
        Should.Throw<InvalidInputException>(() => YamlJson.ToUtf8Json(new string('[', 100_000) + new string(']', 100_000)))
            .Message.ShouldContain("nested too deeply");

    [Fact]
    public void Yaml_OverTheSizeLimit_IsTooLarge() =>
        Should.Throw<PayloadTooLargeException>(() => YamlJson.ToUtf8Json("a: " + new string('x', YamlJson.MaxCharacters)));

    [Fact]
    public void Yaml_WithAModestAnchor_StillWorks() =>
        YamlJson.ToJson("base: &b {x: 1}\nother: *b\n").ShouldBe("""{"base":{"x":1},"other":{"x":1}}""");
}
