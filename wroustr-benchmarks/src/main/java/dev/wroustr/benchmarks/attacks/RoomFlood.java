package dev.wroustr.benchmarks.attacks;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Floods one node's subscription through the cluster: CONNECTIONS clients on node one, each in a
 * room of its own, each saying SIZE bytes to it ten times a second (the demo's limit), so that
 * node one hears every one of them back from Redis; meanwhile a canary on node two sends a
 * {@code @DM} every 150 ms (under the demo's limit of 10 a second) to a client on node one. Prints what the canary got: DMs sent, refused
 * ("no such client", the sender was told), arrived, and lost with nobody told; and the
 * {@code @MISSED} notices the receiver got.
 *
 * <pre>java -cp benchmarks.jar dev.wroustr.benchmarks.attacks.RoomFlood ws://NODE1 ws://NODE2 CONNECTIONS SECONDS SIZE</pre>
 */
public final class RoomFlood {
    public static void main(String[] args) throws Exception {
        URI one = URI.create(args[0]), two = URI.create(args[1]);
        int connections = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        String text = "x".repeat(Integer.parseInt(args[4]));

        Wire receiver = Wire.upgrade(one, ""), sender = Wire.upgrade(two, "");
        receiver.send("@JOIN #name canary");
        String uuid = null;
        while (uuid == null) {
            String line = receiver.read().text();
            if (line.startsWith("@JOINED #name canary #uuid ")) uuid = line.substring("@JOINED #name canary #uuid ".length());
        }
        AtomicLong arrived = new AtomicLong(), missed = new AtomicLong(), refused = new AtomicLong(), limited = new AtomicLong();
        drain(receiver, line -> {
            if (line.startsWith("@DM ")) arrived.incrementAndGet();
            else if (line.startsWith("@MISSED")) missed.incrementAndGet();
        });
        drain(sender, line -> {
            if (line.contains("no such client")) refused.incrementAndGet();
            else if (line.startsWith("@LIMITED")) limited.incrementAndGet();
        });

        List<Wire> flooders = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Wire flooder = Wire.upgrade(one, "");
            flooder.send("@ROOM-JOIN #room f" + i);
            drain(flooder, line -> { });
            flooders.add(flooder);
        }
        Thread.sleep(1000);
        long sent = 0;
        long start = System.nanoTime(), end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextCanary = start, nextFlood = start;
        long flooded = 0;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (now >= nextCanary) {
                sender.send("@DM #to " + uuid + " #text c" + sent++);
                nextCanary += TimeUnit.MILLISECONDS.toNanos(150);
            }
            if (now >= nextFlood) {
                for (int i = 0; i < flooders.size(); i++) {
                    try {
                        flooders.get(i).send("@ROOM-SAY #room f" + i + " #text " + text);
                        flooded++;
                    } catch (IOException closed) {
                        // The server cut it: it sends no more.
                    }
                }
                nextFlood += TimeUnit.MILLISECONDS.toNanos(100);
            }
            Thread.sleep(1);
        }
        Thread.sleep(8000); // stragglers, and the @MISSED that comes when node one hears again
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("{\"floodersPerSecond\": %.0f, \"floodMBPerSecond\": %.1f, \"canarySent\": %d, \"limited\": %d, \"refused\": %d, \"arrived\": %d,"
                        + " \"lostUntold\": %d, \"missedNotices\": %d}%n",
                flooded / elapsed, flooded * (double) text.length() / elapsed / 1e6, sent, limited.get(), refused.get(), arrived.get(),
                sent - limited.get() - refused.get() - arrived.get(), missed.get());
        System.exit(0);
    }

    private static void drain(Wire wire, java.util.function.Consumer<String> each) {
        Thread reader = new Thread(() -> {
            try {
                while (true) {
                    Wire.Frame frame = wire.read();
                    if (frame.opcode() == Wire.TEXT) each.accept(frame.text());
                    if (frame.opcode() == Wire.CLOSE) return;
                }
            } catch (IOException e) {
                // closed
            }
        });
        reader.setDaemon(true);
        reader.start();
    }
}
