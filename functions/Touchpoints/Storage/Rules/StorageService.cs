namespace Touchpoints.Storage.Rules;

/// <summary>Which service a client with the rules talks to.</summary>
internal enum StorageService
{
    Table,
    Blob,
}
