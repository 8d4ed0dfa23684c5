using System.Text.Json.Nodes;
using Feedback.Core.Annotation;
using Feedback.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Testing;

/// <summary>Data for UI tests: users with roles, and an annotation project with queued items.</summary>
public static class UiSeeds
{
    public const string Password = "correct horse battery";

    public static async Task<string> CreateUserAsync(this FeedbackAppFixture app, string role, string? userName = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var name = userName ?? $"{role}-{Guid.NewGuid():N}"[..24];
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        await users.CreateAsync(new UserRequest { UserName = name, Password = Password, Roles = [role] }, CancellationToken.None);
        return name;
    }

    /// <summary>A binary model with <paramref name="items"/> logged predictions, and a project queueing all of them.</summary>
    public static async Task<SeededProject> CreateProjectAsync(this FeedbackAppFixture app, int items, int overlap, string instructions = "Is this **urgent**?", string? text = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var admin = await app.AdminClientAsync();
        var model = await ModelDefinitionBuilder.Binary().CreateAsync(admin);
        var trackingIds = Enumerable.Range(0, items).Select(i => UniqueNames.Id($"t{i}")).ToArray();
        var rows = trackingIds.Select((id, i) => Predictions.Row(id, text: text ?? $"customer message number {i} about a refund", amount: i + 0.5)).ToArray();
        using (var logged = await admin.PostJsonAsync($"/api/v1/models/{model}/predictions", new JsonObject { ["version"] = "v1", ["predictions"] = new JsonArray([.. rows]) }))
        {
            logged.EnsureSuccessStatusCode();
        }

        var name = UniqueNames.Id("p")[..20];
        await using var scope = app.Services.CreateAsyncScope();
        var projects = scope.ServiceProvider.GetRequiredService<AnnotationProjects>();
        await projects.CreateAsync(new AnnotationProjectRequest
        {
            Name = name,
            Model = model,
            Instructions = instructions,
            Overlap = overlap,
            Sources = [new TaskSourceSpec { Kind = "explicit", Quota = items, TrackingIds = [.. trackingIds] }],
        }, "test", CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<AnnotationPopulator>().PopulateAsync(name, CancellationToken.None);
        return new SeededProject(name, model, trackingIds);
    }
}

public sealed record SeededProject(string Name, string Model, IReadOnlyList<string> TrackingIds);

/// <summary>Role names for <see cref="UiSeeds.CreateUserAsync"/>.</summary>
public static class UserRole
{
    public const string Admin = UserRoleNames.Admin;
    public const string Expert = UserRoleNames.Expert;
    public const string Annotator = UserRoleNames.Annotator;
}
