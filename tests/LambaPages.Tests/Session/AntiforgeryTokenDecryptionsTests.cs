using System.Security.Cryptography;
using Lamba.AspNetCore.Session;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace LambaPages.Tests.Session;

/// <summary>Antiforgery's tokens are decrypted once per exact value; anything else is Data Protection as usual.</summary>
public sealed class AntiforgeryTokenDecryptionsTests
{
    [Fact]
    public void Decrypts_an_antiforgery_token_once_and_gives_each_caller_its_own_copy()
    {
        var (counting, provider, protector) = Arrange(AntiforgeryTokenDecryptions.AntiforgeryPurpose);
        using var _ = provider;
        var token = protector.Protect([1, 2, 3]);

        var first = protector.Unprotect(token);
        first[0] = 9;
        var second = protector.Unprotect(token);

        Assert.Equal([1, 2, 3], second);
        Assert.Equal(1, counting.Unprotects);
    }

    [Fact]
    public void Refuses_a_tampered_token_every_time()
    {
        var (counting, provider, protector) = Arrange(AntiforgeryTokenDecryptions.AntiforgeryPurpose);
        using var _ = provider;
        var token = protector.Protect([1, 2, 3]);
        token[^1] ^= 0xFF;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(token));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(token));
        Assert.Equal(2, counting.Unprotects);
    }

    [Fact]
    public void Leaves_every_other_purpose_to_data_protection()
    {
        var (counting, provider, protector) = Arrange("Some.Other.Purpose");
        using var _ = provider;
        var token = protector.Protect([1, 2, 3]);

        protector.Unprotect(token);
        protector.Unprotect(token);

        Assert.Equal(2, counting.Unprotects);
    }

    [Fact]
    public async Task Sits_in_front_of_the_portals_data_protection_with_the_purpose_antiforgery_asks_for()
    {
        await using var host = await Infrastructure.PortalHost.StartAsync();
        // ASP.NET Core's token serializer (internal) names its purpose in a constant: if that ever changes, the tokens
        // are no longer remembered, and this says so.
        var serializer = typeof(Microsoft.AspNetCore.Antiforgery.IAntiforgery).Assembly
            .GetType("Microsoft.AspNetCore.Antiforgery.DefaultAntiforgeryTokenSerializer", throwOnError: true)!;
        var purpose = serializer.GetField("Purpose", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)?.GetValue(null);

        Assert.IsType<AntiforgeryTokenDecryptions>(host.Portal.Services.GetRequiredService<IDataProtectionProvider>());
        Assert.Equal(AntiforgeryTokenDecryptions.AntiforgeryPurpose, purpose);
    }

    private static (CountingProvider Counting, AntiforgeryTokenDecryptions Provider, IDataProtector Protector) Arrange(string purpose)
    {
        var counting = new CountingProvider(new EphemeralDataProtectionProvider());
        var provider = new AntiforgeryTokenDecryptions(counting);
        return (counting, provider, provider.CreateProtector(purpose));
    }

    /// <summary>Counts decryptions that reach Data Protection.</summary>
    private sealed class CountingProvider(IDataProtectionProvider inner) : IDataProtectionProvider
    {
        public int Unprotects { get; private set; }

        public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), this);

        private sealed class Counting(IDataProtector inner, CountingProvider counts) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => inner.CreateProtector(purpose);

            public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData)
            {
                counts.Unprotects++;
                return inner.Unprotect(protectedData);
            }
        }
    }
}
