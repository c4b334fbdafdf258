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
    /// The composition root still lists the slices and the rate-limited sign-in pages by name; a slice that registers
    /// itself (issue 10) takes its line out of these files, and then the file leaves this list.
    /// </summary>
    private static readonly System.Type[] CompositionRoot = [typeof(LambaPagesApplication), typeof(SignInRateLimits)];

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
}
