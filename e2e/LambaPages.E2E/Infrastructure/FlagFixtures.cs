namespace LambaPages.E2E.Infrastructure;

/// <summary>The portal with public registration switched off (FeatureManagement:Registration = false).</summary>
public sealed class RegistrationOffAppFixture() : AppFixture(new Dictionary<string, string?> { ["FeatureManagement:Registration"] = "false" });

[CollectionDefinition(Name)]
public sealed class RegistrationOffCollectionDefinition : ICollectionFixture<RegistrationOffAppFixture>
{
    public const string Name = "Portal with registration off";
}
