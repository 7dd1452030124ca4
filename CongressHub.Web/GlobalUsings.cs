global using Delegate = CongressHub.Domain.Directory.Delegate;
