using System.Text;
using QRCoder;

namespace LambaPages.Features.Me.Security.Totp;

/// <summary>
/// What the enrolment page shows: the otpauth URI as an inline SVG QR code drawn here (no external service, and
/// plain SVG attributes, so the default-src 'self' policy allows it) and the secret in groups of four for typing.
/// </summary>
public static class TotpQrCode
{
    public static string Svg(string otpauthUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(otpauthUri);
        using var data = QRCodeGenerator.GenerateQrCode(otpauthUri, QRCodeGenerator.ECCLevel.M);
        using var code = new SvgQRCode(data);
        var svg = code.GetGraphic(6, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        // An image with a name for screen readers; the XML prolog is not allowed inside HTML.
        return "<svg role=\"img\" aria-label=\"QR code for your authenticator app\" class=\"qr-code\""
            + svg[(start + "<svg".Length)..];
    }

    /// <summary>The otpauth URI Lamba sent, or one built from the secret (label and issuer only help the app name the entry).</summary>
    public static string UriFor(TotpEnrolment enrolment, string account)
    {
        ArgumentNullException.ThrowIfNull(enrolment);
        return !string.IsNullOrEmpty(enrolment.OtpauthUri)
            ? enrolment.OtpauthUri
            : $"otpauth://totp/{Uri.EscapeDataString("LambaPages:" + account)}?secret={enrolment.Secret}&issuer=LambaPages";
    }

    /// <summary>"JBSWY3DPEHPK3PXP" as "JBSW Y3DP EHPK 3PXP".</summary>
    public static string Grouped(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var text = new StringBuilder();
        for (var i = 0; i < secret.Length; i += 4)
        {
            if (i > 0)
            {
                text.Append(' ');
            }

            text.Append(secret.AsSpan(i, Math.Min(4, secret.Length - i)));
        }

        return text.ToString();
    }
}
