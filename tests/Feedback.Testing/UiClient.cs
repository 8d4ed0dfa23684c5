using System.Net;
using System.Text.RegularExpressions;

namespace Feedback.Testing;

/// <summary>A browser-like HTTP client for HTML-level tests: keeps cookies, does not follow redirects, and posts
/// forms with the antiforgery token read from the page.</summary>
public sealed partial class UiClient : IDisposable
{
    private readonly HttpClientHandler _handler;

    public UiClient(FeedbackAppFixture app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        Http = new HttpClient(_handler) { BaseAddress = app.BaseAddress };
    }

    public HttpClient Http { get; }

    public static async Task<UiClient> SignedInAsync(FeedbackAppFixture app, string userName, string password = UiSeeds.Password)
    {
        var client = new UiClient(app);
        using var response = await client.SignInAsync(userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"Sign-in as {userName} answered {(int)response.StatusCode}.");
        }

        return client;
    }

    public async Task<HttpResponseMessage> SignInAsync(string userName, string password)
    {
        var token = await TokenAsync("/signin");
        return await PostFormAsync("/signin", new()
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
    }

    /// <summary>The antiforgery token of the first form on the page.</summary>
    public async Task<string> TokenAsync(string page)
    {
        var html = await Http.GetStringAsync(new Uri(page, UriKind.Relative));
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {page}.");
    }

    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await Http.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
