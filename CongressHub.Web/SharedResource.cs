namespace CongressHub.Web;

/// <summary>Marker for the interface strings in Resources/SharedResource.resx (Simplified Chinese) and .en.resx.</summary>
public sealed class SharedResource;
