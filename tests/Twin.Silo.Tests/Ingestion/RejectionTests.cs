using MQTTnet.Protocol;
using Twin.Silo.Ingestion;
using Twin.Storage.History;

namespace Twin.Silo.Tests.Ingestion;

public sealed class RejectionTests
{
    [Fact]
    public void AReadingTheHistoryRefusedIsUnstorableFinalAndSaysWhy()
    {
        var refused = new HistoryRowRejectedException("The reading history cannot store this reading (seq 7): 22P05: unsupported Unicode escape sequence\n",
            new InvalidDataException());

        var rejection = Rejection.ForHistoryFailure(refused);

        Assert.Equal(RejectReason.Unstorable, rejection.Reason);
        Assert.Equal("unstorable", rejection.Label);
        Assert.Equal(MqttPubAckReasonCode.ImplementationSpecificError, rejection.Code);
        Assert.Contains("22P05", rejection.Detail, StringComparison.Ordinal);
        Assert.False(LogText.HasUnsafe(rejection.Detail));
    }

    [Fact]
    public void AHistoryThatIsDownIsAnInternalErrorForTheSenderToRetry()
    {
        var rejection = Rejection.ForHistoryFailure(new HistoryWriteException("down", new IOException()));

        Assert.Equal(RejectReason.Internal, rejection.Reason);
        Assert.Equal(MqttPubAckReasonCode.UnspecifiedError, rejection.Code);
    }
}
