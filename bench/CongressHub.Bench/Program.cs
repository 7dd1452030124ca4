using CongressHub.Bench;

// dotnet run -c Release --project bench/CongressHub.Bench -- import [rows] [runs]
// dotnet run -c Release --project bench/CongressHub.Bench -- live [--quick]
// dotnet run -c Release --project bench/CongressHub.Bench -- live --nodes [--quick]   (PostgreSQL and Redis: scripts/services.sh)
// dotnet run -c Release --project bench/CongressHub.Bench -- pages [K...]
// dotnet run -c Release --project bench/CongressHub.Bench -- pages --memory N
// dotnet run -c Release --project bench/CongressHub.Bench -- votes [--quick] [--in-flight K] [--warm-stamps]
// dotnet run -c Release --project bench/CongressHub.Bench -- portal [--connections K] [--seconds S]
// dotnet run -c Release --project bench/CongressHub.Bench -- crash [--delegates N]
// dotnet run -c Release --project bench/CongressHub.Bench -- notices [streets]   (Debian's python3-aiosmtpd)
var command = args.Length > 0 ? args[0] : "import";
var rest = args.Skip(1).ToArray();
switch (command)
{
    case "import":
        await ImportBench.RunAsync(rest);
        break;
    case "live" when rest.Contains("--nodes"):
        await LiveBench.RunNodesAsync(rest);
        break;
    case "live":
        await LiveBench.RunAsync(rest);
        break;
    case "pages":
        await PagesBench.RunAsync(rest);
        break;
    case "votes":
        await VotesBench.RunAsync(rest);
        break;
    case "portal":
        await PortalBench.RunAsync(rest);
        break;
    case "crash":
        await CrashBench.RunAsync(rest);
        break;
    case "notices":
        await NoticesBench.RunAsync(rest);
        break;
    case "serve-ws":
        await PlainPages.ServeAsync(rest);
        break;
    case "serve-static":
        await PortalBench.ServeStaticAsync(rest);
        break;
    default:
        Console.Error.WriteLine("usage: import [rows] [runs] | live [--quick] [--nodes] | pages [K...] | pages --memory N | votes [--quick] [--in-flight K] [--warm-stamps] | portal [--connections K] [--seconds S] | crash [--delegates N] | notices [streets]");
        return 2;
}
return 0;
