using System.Runtime.CompilerServices;

namespace CongressHub.Tests.Support;

/// <summary>
/// The secrecy key file of the test run: one file outside every test's data folder, shared by the domain services,
/// the apps under test and the node processes they start (through the environment), as every node of an
/// installation shares one.
/// </summary>
internal static class TestSecrecy
{
    public static readonly string KeyFile = Path.Combine(Path.GetTempPath(), "congresshub-tests", "secrecy.key");

    [ModuleInitializer]
    internal static void Use() => Environment.SetEnvironmentVariable("Secrecy__KeyFile", KeyFile);
}
