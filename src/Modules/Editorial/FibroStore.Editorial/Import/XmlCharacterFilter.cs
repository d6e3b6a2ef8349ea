namespace FibroStore.Editorial.Import;

/// <summary>
/// Drops the characters XML 1.0 forbids (control characters other than tab and line breaks, U+FFFE and U+FFFF)
/// as the export is read. WordPress writes post text into CDATA as it is, so a control character pasted into a post
/// years ago makes the whole export invalid XML; leaving that character out is the only change made.
/// </summary>
internal sealed class XmlCharacterFilter(TextReader inner) : TextReader
{
    public override int Peek()
    {
        while (inner.Peek() is var next && next >= 0 && Forbidden((char)next)) inner.Read();
        return inner.Peek();
    }

    public override int Read()
    {
        while (true)
        {
            var next = inner.Read();
            if (next < 0 || !Forbidden((char)next)) return next;
        }
    }

    public override int Read(char[] buffer, int index, int count)
    {
        while (true)
        {
            var read = inner.Read(buffer, index, count);
            if (read == 0) return 0;
            var kept = Compact(buffer.AsSpan(index, read));
            if (kept > 0) return kept;
        }
    }

    public override async Task<int> ReadAsync(char[] buffer, int index, int count)
    {
        while (true)
        {
            var read = await inner.ReadAsync(buffer, index, count);
            if (read == 0) return 0;
            var kept = Compact(buffer.AsSpan(index, read));
            if (kept > 0) return kept;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            if (read == 0) return 0;
            var kept = Compact(buffer.Span[..read]);
            if (kept > 0) return kept;
        }
    }

    public override int Read(Span<char> buffer)
    {
        while (true)
        {
            var read = inner.Read(buffer);
            if (read == 0) return 0;
            var kept = Compact(buffer[..read]);
            if (kept > 0) return kept;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    private static int Compact(Span<char> chars)
    {
        var kept = 0;
        foreach (var c in chars)
            if (!Forbidden(c)) chars[kept++] = c;
        return kept;
    }

    private static bool Forbidden(char c) => c < 0x20 && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF';
}
