using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Lamba.AspNetCore.Session;
using LambaPages.Hosting;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace LambaPages.Tests.Architecture;

/// <summary>
/// Dependencies point one way: Features → the portal's cross-cutting folders → the Lamba.AspNetCore library → nothing
/// of ours. Each rule fails on a single reverse reference.
/// </summary>
public sealed class DependencyDirectionTests
{
    private static readonly System.Reflection.Assembly Library = typeof(LambaSession).Assembly;
    private static readonly System.Reflection.Assembly Portal = typeof(LambaPagesApplication).Assembly;
    private static readonly System.Reflection.Assembly Emulator = typeof(global::Lamba.Emulator.EmulatorApp).Assembly;

    private static readonly ArchUnitNET.Domain.Architecture Code =
        new ArchLoader().LoadAssemblies(Library, Portal, Emulator).Build();

    /// <summary>
    /// The composition root still names the cross-cutting pieces that live under Features (validators' assembly, the
    /// admin lock, the webhook receiver...). Slices declare their own Refit API, flag, rate limit and navigation entry
    /// in their folders; the rate limiter reads them from endpoint metadata and names no page.
    /// </summary>
    private static readonly System.Type[] CompositionRoot = [typeof(LambaPagesApplication)];

    [Fact]
    public void The_library_references_nothing_in_the_portal_or_the_emulator()
    {
        IArchRule rule = Types().That().ResideInAssembly(Library)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(Portal).Or().ResideInAssembly(Emulator))
            .Because("Lamba.AspNetCore is a package any ASP.NET Core app can adopt");
        rule.Check(Code);
    }

    [Fact]
    public void The_library_namespaces_depend_on_each_other_without_a_loop()
    {
        IArchRule rule = ArchUnitNET.Fluent.Slices.SliceRuleDefinition.Slices()
            .Matching("Lamba.AspNetCore.(*)")
            .Should().BeFreeOfCycles();
        rule.Check(Code);
    }

    [Fact]
    public void Nothing_in_the_portal_outside_Features_names_a_feature()
    {
        IArchRule rule = Types().That().ResideInNamespaceMatching(@"^LambaPages(\.(?!Features(\.|$))[\w.]+)?$")
            .And().AreNot(CompositionRoot)
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^LambaPages\.Features(\..+)?$"))
            .Because("cross-cutting code serves every slice and names none; a slice lives entirely in its folder");
        rule.Check(Code);
    }

    [Fact]
    public void Every_refit_client_of_a_slice_declares_its_lamba_host_in_its_own_folder()
    {
        var clients = Portal.GetTypes()
            .Where(t => t.IsInterface && t.Namespace?.StartsWith("LambaPages.Features", StringComparison.Ordinal) == true)
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes(typeof(Refit.HttpMethodAttribute), inherit: true).Length > 0))
            .ToList();

        Assert.NotEmpty(clients);
        Assert.All(clients, client => Assert.True(
            System.Reflection.CustomAttributeExtensions.GetCustomAttribute<global::Lamba.AspNetCore.LambaApiAttribute>(client) is not null,
            $"{client.FullName} has no [LambaApi]: the one scan would not register it."));
    }
}
