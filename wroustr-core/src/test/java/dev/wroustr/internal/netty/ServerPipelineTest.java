package dev.wroustr.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wroustr.server.RunningServer;
import dev.wroustr.server.Server;
import dev.wroustr.testing.Recorder;
import dev.wroustr.testing.TestClient;
import io.netty.channel.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an open connection keeps in its pipeline: each handler and its context, for every idle connection. */
class ServerPipelineTest {
    @Test
    void anUpgradedConnectionKeepsSevenHandlers() throws Exception {
        Recorder<Channel> connected = new Recorder<>();
        Server<Void> server = new Server<Void>("127.0.0.1:0", null)
                .route("CONNECTED", (params, dispatcher, state) -> connected.add(((ChannelDispatcher<?>) dispatcher).channel()));
        try (RunningServer running = server.start(); TestClient client = TestClient.connect(running.uri())) {
            Channel channel = connected.take();
            // Read on the event loop, where the upgrade changed the pipeline.
            List<String> names = channel.eventLoop().submit(() -> channel.pipeline().names()).get();
            List<String> handlers = names.subList(0, names.size() - 1); // the tail is every pipeline's
            // Bare Netty's has 6: the frame encoder and decoder, the protocol handler, a UTF-8
            // validator, the frame aggregator and its own handler. Ours has no validator of Netty's,
            // and the heartbeat (bytes before the decoder) and the message deadline (frames right
            // after it) besides; the one-close-frame rule is the encoder itself.
            assertThat(handlers).hasSize(7);
            assertThat(channel.pipeline().get(OneCloseFrameEncoder.NAME)).isInstanceOf(OneCloseFrameEncoder.class);
            assertThat(channel.pipeline().get(HeartbeatHandler.class)).isNotNull();
            assertThat(channel.pipeline().get(MessageDeadline.class)).isNotNull();
        }
    }
}
