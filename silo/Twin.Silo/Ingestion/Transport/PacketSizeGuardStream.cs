namespace Twin.Silo.Ingestion.Transport;

/// <summary>
/// Follows the MQTT framing of what a client sends (fixed header, remaining length, body) and fails the read as
/// soon as a packet announces more than the limit, before anything of its body is buffered: MQTTnet itself would
/// allocate whatever length a client announces, up to 256 MB.
/// </summary>
public sealed class PacketSizeGuardStream(Stream inner, int maxPacketBytes, Action onTooLarge) : Stream
{
    private enum State { Header, Length, Body }

    private State _state = State.Header;
    private long _length;
    private int _multiplier = 1;
    private int _lengthBytes;
    private long _bodyLeft;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Inspect(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Inspect(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>Advances the framing over bytes just read; throws when a packet is too large.</summary>
    private int Inspect(ReadOnlySpan<byte> read)
    {
        var i = 0;
        while (i < read.Length)
        {
            switch (_state)
            {
                case State.Header:
                    i++;
                    _state = State.Length;
                    _length = 0;
                    _multiplier = 1;
                    _lengthBytes = 0;
                    break;
                case State.Length:
                    var b = read[i++];
                    _length += (b & 0x7F) * (long)_multiplier;
                    _multiplier *= 128;
                    _lengthBytes++;
                    if ((b & 0x80) != 0 && _lengthBytes < 4)
                    {
                        break;
                    }
                    if (1 + _lengthBytes + _length > maxPacketBytes)
                    {
                        onTooLarge();
                        throw new IOException($"An MQTT packet of {1 + _lengthBytes + _length} bytes is over the limit of {maxPacketBytes} (Twin:Mqtt:MaxPacketBytes).");
                    }
                    _bodyLeft = _length;
                    _state = _bodyLeft == 0 ? State.Header : State.Body;
                    break;
                default:
                    var skip = (int)Math.Min(_bodyLeft, read.Length - i);
                    i += skip;
                    _bodyLeft -= skip;
                    if (_bodyLeft == 0)
                    {
                        _state = State.Header;
                    }
                    break;
            }
        }
        return read.Length;
    }
}
