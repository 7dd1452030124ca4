using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CongressHub.Domain.Common;

/// <summary>
/// Keeps secret ballots and anonymous ratings unreadable while their box is open (CONTRACTS.md, "Secrecy").
/// <para>A ballot and its delegate's has-voted mark are written in one commit; so every copy of the database files
/// (SQLite's write-ahead log, PostgreSQL's WAL and dead row versions) holds them side by side. While a box is open its
/// ballots are therefore stored sealed: AES-GCM under the box's own random key, padded to one length per kind. The
/// box's key is stored wrapped by the installation's secrecy key, read from a file outside the data folder and its
/// backups (<see cref="Setting"/>), so that a restarted node, or another node with the same file, can still tally.</para>
/// <para>At close the box is opened: its ballots are decrypted, written again in plaintext under new random keys in a
/// random order, and the sealed rows and the box's key are deleted. Every older copy of the sealed rows is then
/// ciphertext whose key exists nowhere (crypto-shredding).</para>
/// </summary>
public sealed class Secrecy
{
    public const string Setting = "Secrecy:KeyFile";

    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly string _keyFile;
    private readonly string? _dataFolder;
    private readonly ILogger<Secrecy> _log;
    private readonly Lazy<byte[]> _wrappingKey;
    private readonly ConcurrentDictionary<BallotBox, byte[]> _keys = new();

    public Secrecy(string? keyFile, string? dataFolder, ILogger<Secrecy> log)
    {
        _keyFile = Path.GetFullPath(string.IsNullOrWhiteSpace(keyFile) ? DefaultKeyFile() : keyFile);
        _dataFolder = dataFolder is null ? null : Path.GetFullPath(dataFolder);
        _log = log;
        _wrappingKey = new Lazy<byte[]>(LoadOrCreate, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The secrecy key file in use.</summary>
    public string KeyFile => _keyFile;

    /// <summary>
    /// A key of its own for <paramref name="purpose"/>, derived from the secrecy key (HKDF-SHA256): for keyed hashes of
    /// what must be recognised again but never kept (a resident's address that supported a topic).
    /// </summary>
    public byte[] KeyFor(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _wrappingKey.Value, KeySize, info: Encoding.UTF8.GetBytes("congresshub:" + purpose));

    /// <summary>
    /// Reads the secrecy key file (creating it on the first run) and checks that it opens the keys of the boxes still
    /// open; a start with another file than the one that sealed them stops here, naming the setting.
    /// </summary>
    public async Task CheckAsync(CongressDbContext db, CancellationToken ct)
    {
        _ = _wrappingKey.Value;
        foreach (var key in await db.BallotKeys.AsNoTracking().ToListAsync(ct))
        {
            Unwrap(key);
        }
    }

    /// <summary>
    /// Seals one ballot's <paramref name="content"/> in <paramref name="box"/>, which gets its key on its first ballot.
    /// Call inside the one ballot writer, so that two ballots never make two keys for one box.
    /// </summary>
    public async Task<SealedBallot> SealAsync(CongressDbContext db, BallotBox box, string content)
    {
        var key = await KeyOfAsync(db, box, create: true);
        var plain = Pad(content, box.Size);
        var sealedBytes = Encrypt(key!, plain, box.Associated());
        CryptographicOperations.ZeroMemory(plain);
        return SealedBallot.Of(box, sealedBytes);
    }

    /// <summary>
    /// Opens <paramref name="box"/>: returns the contents of its sealed ballots in a random order and removes the
    /// sealed rows and the box's key from <paramref name="db"/> (deleted when the caller saves). Empty when nothing was sealed.
    /// </summary>
    public async Task<IReadOnlyList<string>> OpenAsync(CongressDbContext db, BallotBox box)
    {
        var sealedBallots = await db.SealedBallots.Where(box.Holds()).ToListAsync();
        var key = await KeyOfAsync(db, box, create: false);
        var contents = new List<string>(sealedBallots.Count);
        if (key is not null)
        {
            foreach (var s in sealedBallots)
            {
                contents.Add(Unpad(Decrypt(key, s.Content, box.Associated())));
            }
        }
        else if (sealedBallots.Count > 0)
        {
            throw new InvalidOperationException($"The sealed ballots of {box} have no key.");
        }
        db.SealedBallots.RemoveRange(sealedBallots);
        db.BallotKeys.RemoveRange(await db.BallotKeys.Where(box.KeyOf()).ToListAsync());
        _keys.TryRemove(box, out _);
        return contents.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).ToList();
    }

    private async Task<byte[]?> KeyOfAsync(CongressDbContext db, BallotBox box, bool create)
    {
        if (db.BallotKeys.Local.FirstOrDefault(k => k.Box == box && k.Plain is not null) is { } made)
        {
            return made.Plain;
        }
        if (_keys.TryGetValue(box, out var known))
        {
            return known;
        }
        if (await db.BallotKeys.AsNoTracking().FirstOrDefaultAsync(box.KeyOf()) is { } stored)
        {
            return _keys.GetOrAdd(box, Unwrap(stored));
        }
        if (!create)
        {
            return null;
        }
        // A new key is known only to this change until it commits; it enters the cache when read back as stored.
        var plain = RandomNumberGenerator.GetBytes(KeySize);
        db.BallotKeys.Add(BallotKey.Of(box, Encrypt(_wrappingKey.Value, plain, box.KeyAssociated()), plain));
        return plain;
    }

    private byte[] Unwrap(BallotKey key)
    {
        try
        {
            return Decrypt(_wrappingKey.Value, key.Wrapped, key.Box.KeyAssociated());
        }
        catch (AuthenticationTagMismatchException)
        {
            _log.LogCritical("The secrecy key file {KeyFile} does not open the key of {Box}: it is not the file that sealed it ({Setting})", _keyFile, key.Box, Setting);
            throw new InvalidOperationException(
                $"The secrecy key file {_keyFile} is not the one that sealed the open secret ballots: set {Setting} to that file (the same file on every node).");
        }
    }

    private static byte[] Encrypt(byte[] key, byte[] plain, byte[] associated)
    {
        var result = new byte[NonceSize + plain.Length + TagSize];
        var nonce = result.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, result.AsSpan(NonceSize, plain.Length), result.AsSpan(NonceSize + plain.Length), associated);
        return result;
    }

    private static byte[] Decrypt(byte[] key, byte[] sealedBytes, byte[] associated)
    {
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new AuthenticationTagMismatchException();
        }
        var length = sealedBytes.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), plain, associated);
        return plain;
    }

    /// <summary>Every ballot of a kind is sealed at one length, so the length of a sealed row tells nothing of what it holds.</summary>
    private static byte[] Pad(string content, int size)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        if (bytes.Length > size - 2)
        {
            throw new InvalidOperationException($"A sealed ballot holds at most {size - 2} bytes.");
        }
        var padded = new byte[size];
        padded[0] = (byte)(bytes.Length >> 8);
        padded[1] = (byte)bytes.Length;
        bytes.CopyTo(padded, 2);
        return padded;
    }

    private static string Unpad(byte[] padded)
    {
        var length = (padded[0] << 8) | padded[1];
        var content = Encoding.UTF8.GetString(padded, 2, length);
        CryptographicOperations.ZeroMemory(padded);
        return content;
    }

    private byte[] LoadOrCreate()
    {
        if (_dataFolder is not null && _keyFile.StartsWith(_dataFolder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{Setting} ({_keyFile}) lies in the data folder {_dataFolder}: keep it outside the data folder and its backups, or a copy of the data opens every sealed ballot.");
        }
        if (!File.Exists(_keyFile))
        {
            Create();
        }
        try
        {
            var key = Convert.FromBase64String(File.ReadAllText(_keyFile).Trim());
            return key.Length == KeySize ? key : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{Setting} ({_keyFile}) does not hold a secrecy key: 32 bytes in base64, as CongressHub writes it on its first run.");
        }
    }

    private void Create()
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(_keyFile)!);
        // Written aside and moved into place, so that a process starting beside this one never reads a half-written file.
        var aside = _keyFile + "." + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new StreamWriter(new FileStream(aside, options)))
        {
            file.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize)));
        }
        try
        {
            File.Move(aside, _keyFile, overwrite: false);
            _log.LogWarning("Created the secrecy key file {KeyFile} ({Setting}): keep it outside the data folder and its backups, and give every node the same file", _keyFile, Setting);
        }
        catch (IOException) when (File.Exists(_keyFile))
        {
            // Another process made it first: theirs is the key.
            File.Delete(aside);
        }
    }

    private static string DefaultKeyFile()
    {
        var config = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(config))
        {
            throw new InvalidOperationException($"Set {Setting} to a file outside the data folder: this account has no folder for settings to keep it in.");
        }
        return Path.Combine(config, "CongressHub", "secrecy.key");
    }
}

/// <summary>A box of sealed ballots: one secret vote's, or the anonymous ratings of one work report.</summary>
public readonly record struct BallotBox(int? VoteId, int? ReportId)
{
    /// <summary>A question's choice (one digit) and an election's marks (up to 1,000 characters of ids).</summary>
    private const int BallotSize = 1024;

    /// <summary>A rating: grade, scores and a comment of up to 500 characters, 4 bytes each at most.</summary>
    private const int RatingSize = 2304;

    public static BallotBox OfVote(int voteId) => new(voteId, null);

    public static BallotBox OfReport(int reportId) => new(null, reportId);

    internal int Size => VoteId is null ? RatingSize : BallotSize;

    internal byte[] Associated() => Encoding.UTF8.GetBytes("congresshub/ballot/" + this);

    internal byte[] KeyAssociated() => Encoding.UTF8.GetBytes("congresshub/ballot-key/" + this);

    internal System.Linq.Expressions.Expression<Func<SealedBallot, bool>> Holds()
    {
        var (vote, report) = (VoteId, ReportId);
        return vote is not null ? s => s.VoteId == vote : s => s.ReportId == report;
    }

    internal System.Linq.Expressions.Expression<Func<BallotKey, bool>> KeyOf()
    {
        var (vote, report) = (VoteId, ReportId);
        return vote is not null ? k => k.VoteId == vote : k => k.ReportId == report;
    }

    public override string ToString() => VoteId is { } v ? $"vote/{v}" : $"report/{ReportId}";
}

/// <summary>The random key of one open box, wrapped by the installation's secrecy key; deleted when the box is opened.</summary>
public sealed class BallotKey
{
    private BallotKey() { }

    public int Id { get; private set; }

    public int? VoteId { get; private set; }

    public int? ReportId { get; private set; }

    /// <summary>Nonce, the key encrypted under the secrecy key, and the tag.</summary>
    public byte[] Wrapped { get; private set; } = [];

    public BallotBox Box => new(VoteId, ReportId);

    /// <summary>The key itself, known only to the change that made it, until that change commits.</summary>
    internal byte[]? Plain { get; private set; }

    internal static BallotKey Of(BallotBox box, byte[] wrapped, byte[] plain) =>
        new() { VoteId = box.VoteId, ReportId = box.ReportId, Wrapped = wrapped, Plain = plain };
}

/// <summary>One secret ballot (or anonymous rating) while its box is open: ciphertext only, under a random key.</summary>
public sealed class SealedBallot
{
    private SealedBallot() { }

    public Guid Id { get; private set; }

    public int? VoteId { get; private set; }

    public int? ReportId { get; private set; }

    /// <summary>Nonce, the padded ballot encrypted under its box's key, and the tag.</summary>
    public byte[] Content { get; private set; } = [];

    internal static SealedBallot Of(BallotBox box, byte[] content) =>
        new() { Id = Guid.NewGuid(), VoteId = box.VoteId, ReportId = box.ReportId, Content = content };
}
