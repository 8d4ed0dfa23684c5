using System.Xml.Linq;
using Feedback.Core.Notifications;
using Feedback.Core.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Notifications;

/// <summary>The Data Protection key ring in the product's database, so that every node unprotects what another
/// protected. Written here rather than taken from <c>Microsoft.AspNetCore.DataProtection.EntityFrameworkCore</c>,
/// whose only served version (10.0.15) would force the whole EF Core line up a patch.</summary>
/// <remarks>Data Protection calls these synchronously and caches the ring; key creation is rare (every 90 days).</remarks>
internal sealed class DatabaseXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList()
            .Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
