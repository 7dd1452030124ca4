using CongressHub.Bench;

// dotnet run -c Release --project bench/CongressHub.Bench -- import [rows] [runs]
// dotnet run -c Release --project bench/CongressHub.Bench -- live [--quick]
// dotnet run -c Release --project bench/CongressHub.Bench -- live --isolated [--quick] [--runs N] [--clients N,...] [--gap MS]
// dotnet run -c Release --project bench/CongressHub.Bench -- live --nodes [--quick]   (PostgreSQL and Redis: scripts/services.sh)
// dotnet run -c Release --project bench/CongressHub.Bench -- pages [--server-nice N] [K...]
// dotnet run -c Release --project bench/CongressHub.Bench -- pages --memory N
// dotnet run -c Release --project bench/CongressHub.Bench -- votes [--quick] [--in-flight K] [--warm-stamps]
// dotnet run -c Release --project bench/CongressHub.Bench -- portal [--connections K] [--seconds S]
// dotnet run -c Release --project bench/CongressHub.Bench -- crash [--delegates N]
// dotnet run -c Release --project bench/CongressHub.Bench -- notices [streets]   (Debian's python3-aiosmtpd)
// dotnet run -c Release --project bench/CongressHub.Bench -- generate [--scale F] [--years Y] [--out file.db | --postgres "Host=…"]
// dotnet run -c Release --project bench/CongressHub.Bench -- scale-pages [--db FILE | --postgres CONNECTION] [--slug S] [--convener USER] [--district USER] [--runs N]
var command = args.Length > 0 ? args[0] : "import";
var rest = args.Skip(1).ToArray();
switch (command)
{
    case "import":
        await ImportBench.RunAsync(rest);
        break;
    case "live" when rest.Contains("--isolated"):
        await LiveBench.RunIsolatedAsync(rest);
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
    case "generate":
        await CityGenerator.RunAsync(rest);
        break;
    case "scale-pages":
        await ScalePagesBench.RunAsync(rest);
        break;
    case "serve-ws":
        await PlainPages.ServeAsync(rest);
        break;
    case "serve-static":
        await PortalBench.ServeStaticAsync(rest);
        break;
    case "serve-bare":
        await BareHubServer.ServeAsync(rest);
        break;
    default:
        Console.Error.WriteLine("usage: import [rows] [runs] | live [--quick] [--nodes] [--isolated [--runs N] [--clients N,...] [--gap MS]] | pages [--server-nice N] [K...] | pages --memory N | pages --trace | votes [--quick] [--in-flight K] [--warm-stamps] | portal [--connections K] [--seconds S] | crash [--delegates N] | notices [streets] | generate [--scale F] [--years Y] [--out file.db | --postgres connection] | scale-pages [--db FILE | --postgres CONNECTION] [--slug S] [--convener USER] [--district USER] [--runs N]");
        return 2;
}
return 0;
