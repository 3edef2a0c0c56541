namespace Touchpoints.Hosting;

/// <summary>The tracking pixel's image: a 1×1 transparent GIF89a, 43 bytes.</summary>
internal static class TrackingGif
{
    public const string ContentType = "image/gif";

    public static ReadOnlySpan<byte> Bytes =>
    [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, // header, 1×1, 2-colour table
        0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,                                           // colour table
        0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00,                               // graphic control: index 0 transparent
        0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,                   // image descriptor
        0x02, 0x02, 0x44, 0x01, 0x00,                                                 // LZW image data
        0x3B,                                                                         // trailer
    ];
}
