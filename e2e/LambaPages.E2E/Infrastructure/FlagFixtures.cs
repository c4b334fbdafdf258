namespace LambaPages.E2E.Infrastructure;

/// <summary>The portal with public registration switched off (FeatureManagement:Registration = false).</summary>
public sealed class RegistrationOffAppFixture() : AppFixture(new Dictionary<string, string?> { ["FeatureManagement:Registration"] = "false" });

[CollectionDefinition(Name)]
public sealed class RegistrationOffCollectionDefinition : ICollectionFixture<RegistrationOffAppFixture>
{
    public const string Name = "Portal with registration off";
}

/// <summary>The portal with magic-link sign-in switched off (FeatureManagement:MagicLink = false).</summary>
public sealed class MagicLinkOffAppFixture() : AppFixture(new Dictionary<string, string?> { ["FeatureManagement:MagicLink"] = "false" });

[CollectionDefinition(Name)]
public sealed class MagicLinkOffCollectionDefinition : ICollectionFixture<MagicLinkOffAppFixture>
{
    public const string Name = "Portal with magic links off";
}
