using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Twin.Storage.Secrets;

namespace Twin.Silo.Auth;

/// <summary>
/// ASP.NET Core data-protection keys (the sign-in cookie, antiforgery) kept in the shared secrets, so every silo reads
/// the same key ring. Two silos creating the first key together each keep theirs; a payload protected with a key a
/// silo has not seen yet makes data protection reread the ring.
/// </summary>
public sealed class SecretXmlRepository(ISecretStore secrets) : IXmlRepository
{
    private const string Prefix = "data-protection:";

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. secrets.ListAsync(Prefix).GetAwaiter().GetResult().Select(s => XElement.Parse(s.Value))];

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var xml = element.ToString(SaveOptions.DisableFormatting);
        secrets.GetOrAddAsync(Prefix + friendlyName, () => xml).GetAwaiter().GetResult();
    }
}
