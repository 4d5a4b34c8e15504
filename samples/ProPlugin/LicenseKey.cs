using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LlmCompiler.Pro;

/// <summary>
/// License keys: <c>base64url(payload JSON) "." base64url(ECDSA P-256 / SHA-256 signature, DER)</c>. Only the
/// public key ships in the package; the private key stays with whoever issues licenses (tools/issue-license.sh).
/// </summary>
internal static class LicenseKey
{
    /// <summary>The public half of the issuer's key (SubjectPublicKeyInfo). Replace it with your own.</summary>
    private const string PublicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZkGBKg1ttav35InQ/JB0uzFtatmpNHwFMA0BYJcAbxGaXcWVjASX2C6or/R4Guba7TKP30Axz3VSXurzX4fe+g==";

    public static bool TryValidate(string key, DateTimeOffset now, out License? license, out string problem)
    {
        license = null;
        var parts = key.Trim().Split('.');
        if (parts.Length != 2)
        {
            problem = "it is not in the form payload.signature";
            return false;
        }

        byte[] payload, signature;
        try
        {
            payload = FromBase64Url(parts[0]);
            signature = FromBase64Url(parts[1]);
        }
        catch (FormatException)
        {
            problem = "it is not base64url";
            return false;
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(PublicKey), out _);
        if (!ecdsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
        {
            problem = "its signature does not match";
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(payload);
            var licensee = json.RootElement.GetProperty("licensee").GetString() ?? "unknown";
            var expires = json.RootElement.GetProperty("expires").GetDateTimeOffset();
            if (expires < now)
            {
                problem = $"it expired on {expires:yyyy-MM-dd}";
                return false;
            }

            license = new License(licensee, expires);
            problem = string.Empty;
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            problem = "its payload is not a license";
            return false;
        }
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Convert.FromBase64String(padded);
    }
}
