using Microsoft.CodeAnalysis;

namespace NoDowntime.Analyzers.Common;

/// <summary>
/// Test projects are not services: no request is served there and no instance is scaled out, so the
/// rules stay silent in a compilation that references a unit-test framework.
/// </summary>
internal static class TestProjects
{
    internal static bool IsTestProject(Compilation compilation)
    {
        foreach (AssemblyIdentity assembly in compilation.ReferencedAssemblyNames)
        {
            switch (assembly.Name)
            {
                case "xunit.core":
                case "xunit.v3.core":
                case "nunit.framework":
                case "Microsoft.VisualStudio.TestPlatform.TestFramework":
                case "MSTest.TestFramework":
                case "TUnit.Core":
                    return true;
            }
        }

        return false;
    }
}
