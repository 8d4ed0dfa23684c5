namespace Feedback.Core.Notifications;

/// <summary>One ASP.NET Core Data Protection key as XML, shared by every node through the database.</summary>
public sealed class DataProtectionKey
{
    public long Id { get; set; }

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}
