using System.Text.Json;
using LambaPages.Features.Me.Profile;
using LambaPages.Features.Me.Security.Totp;

namespace LambaPages.Tests.Me;

/// <summary>The merge-patch body: only what changed goes to Lamba, and an emptied field goes as null.</summary>
public sealed class ProfileChangesTests
{
    private static readonly UserProfile Loaded = new(
        "usr_1", "ada@example.test", true, "ada", "Ada", "+15555550100", "en", "UTC", null, null);

    [Fact]
    public void Sends_nothing_when_nothing_changed() =>
        Assert.Empty(UpdateProfileCommandHandler.Changes(Loaded, UpdateProfileCommand.From(Loaded)));

    [Fact]
    public void Sends_only_the_changed_fields_and_an_emptied_one_as_null()
    {
        var changes = UpdateProfileCommandHandler.Changes(Loaded, UpdateProfileCommand.From(Loaded) with
        {
            DisplayName = "Ada Lovelace",
            Phone = "",
            TimeZone = "Europe/London",
        });

        Assert.Equal("""{"displayName":"Ada Lovelace","phone":null,"timeZone":"Europe/London"}""", changes.ToJsonString());
    }

    [Fact]
    public void Treats_whitespace_as_no_change_and_lowercases_a_username()
    {
        var changes = UpdateProfileCommandHandler.Changes(Loaded, UpdateProfileCommand.From(Loaded) with { DisplayName = " Ada ", Username = "ADA" });

        Assert.Empty(changes);
    }
}

public sealed class TotpQrCodeTests
{
    [Fact]
    public void Draws_an_inline_svg_image_with_a_name_and_no_style_the_csp_would_block()
    {
        var svg = TotpQrCode.Svg("otpauth://totp/LambaPages:ada%40example.test?secret=JBSWY3DPEHPK3PXP&issuer=LambaPages");

        Assert.StartsWith("<svg role=\"img\" aria-label=\"QR code for your authenticator app\"", svg, StringComparison.Ordinal);
        Assert.Contains("viewBox=", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<?xml", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", svg, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("JBSWY3DPEHPK3PXP", "JBSW Y3DP EHPK 3PXP")]
    [InlineData("ABCDEFGHIJ", "ABCD EFGH IJ")]
    public void Groups_the_manual_key_in_fours(string secret, string grouped) =>
        Assert.Equal(grouped, TotpQrCode.Grouped(secret));

    [Fact]
    public void Builds_an_otpauth_uri_when_lamba_sends_only_the_secret()
    {
        var uri = TotpQrCode.UriFor(new TotpEnrolment("JBSWY3DPEHPK3PXP", null), "ada@example.test");

        Assert.StartsWith("otpauth://totp/", uri, StringComparison.Ordinal);
        Assert.Contains("secret=JBSWY3DPEHPK3PXP", uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_prints_secrets_or_codes()
    {
        Assert.DoesNotContain("JBSW", new TotpEnrolment("JBSWY3DPEHPK3PXP", "otpauth://x").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("abcde", new TotpResult(TotpStatus.Done, ["abcde-fghjk"]).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("abcde", JsonSerializer.Serialize(new TotpResult(TotpStatus.Done, ["abcde-fghjk"]).Outcome), StringComparison.Ordinal);
    }
}
