package org.ringplc.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ringplc.server.api.Authenticator;

/**
 * The whole path once, as a user and a remote I/O rack see it: the demo project {@code projects/tank}
 * started as {@code ringplc run} starts it, this test standing in for the plant on the UDP
 * process-image protocol (docs/ARCHITECTURE.md), and a force sent through the HTTP API reaching the
 * plant as a bit in the output datagrams.
 */
class TankDemoEndToEndTest {
    private static final Path TANK = Path.of("../projects/tank");
    private static final String TOKEN = "e2e-token";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void forceThroughTheApiReachesTheRemoteIoPeer(@TempDir Path tmp) throws Exception {
        try (DatagramSocket plant = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            plant.setSoTimeout(100);
            int controllerPort = freeUdpPort();
            Path project = copyWithoutPlant(tmp.resolve("tank"), controllerPort, plant.getLocalPort());

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            try (RunningPlc plc = RunningPlc.start(project, 0, "127.0.0.1", Authenticator.fixed(TOKEN),
                    new PrintWriter(out, true), new PrintWriter(err, true))) {
                InetSocketAddress controller = new InetSocketAddress(InetAddress.getLoopbackAddress(), controllerPort);
                String api = "http://127.0.0.1:" + plc.port() + "/api/";

                // Level 80 %, above the upper threshold: the controller closes the valve.
                byte[] inputs = {0x40, 0x1F, 0, 0}; // %IW0 = 8000 little-endian, no switches
                assertEquals(false, fillValve(awaitOutputs(plant, controller, inputs, false)));

                // Without the token the API refuses, and nothing reaches the plant.
                assertEquals(401, post(api + "force", "{\"path\":\"Tank.fillValve\",\"value\":true}", null).statusCode());
                assertEquals(false, fillValve(awaitOutputs(plant, controller, inputs, false)));

                HttpResponse<String> forced = post(api + "force", "{\"path\":\"tank.fillvalve\",\"value\":true}", TOKEN);
                assertEquals(200, forced.statusCode(), forced.body());
                assertEquals(true, fillValve(awaitOutputs(plant, controller, inputs, true)));

                HttpResponse<String> forces = http.send(HttpRequest.newBuilder(URI.create(api + "forces"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(forces.body().contains("\"path\":\"Tank.fillValve\""), forces.body());

                HttpResponse<String> unforced = post(api + "unforce", "{\"path\":\"Tank.fillValve\"}", TOKEN);
                assertEquals(200, unforced.statusCode(), unforced.body());
                assertEquals(false, fillValve(awaitOutputs(plant, controller, inputs, false)));
            }
            assertFalse(err.toString().contains("Exception"), err.toString());
        }
    }

    /**
     * Plays the plant: sends the input image each round and reads output datagrams until the fill
     * valve bit is {@code expected} (or 5 s pass); returns the last output image seen.
     */
    private static byte[] awaitOutputs(DatagramSocket plant, InetSocketAddress controller, byte[] inputs, boolean expected)
            throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        byte[] last = null;
        int seq = 0;
        byte[] buf = new byte[1500];
        while (System.nanoTime() < deadline) {
            byte[] datagram = datagram(++seq, inputs);
            plant.send(new DatagramPacket(datagram, datagram.length, controller));
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                plant.receive(p);
                byte[] image = payload(p);
                if (image != null) {
                    last = image;
                    if (fillValve(image) == expected) {
                        return image;
                    }
                }
            } catch (SocketTimeoutException e) {
                // nothing this round: the controller may not be up yet
            }
        }
        assertTrue(last != null, "no output datagram from the controller within 5 s");
        return last;
    }

    private static boolean fillValve(byte[] outputs) {
        return (outputs[0] & 1) != 0; // %QX0.0
    }

    /** The UDP process-image datagram: "RPIO", version 1, 3 reserved bytes, u32 LE sequence, image. */
    private static byte[] datagram(int seq, byte[] image) {
        ByteBuffer b = ByteBuffer.allocate(12 + image.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RPIO".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put(new byte[3]).putInt(seq).put(image);
        return b.array();
    }

    private static byte[] payload(DatagramPacket p) {
        byte[] d = p.getData();
        if (p.getLength() < 12 || d[0] != 'R' || d[1] != 'P' || d[2] != 'I' || d[3] != 'O' || d[4] != 1) {
            return null;
        }
        byte[] image = new byte[p.getLength() - 12];
        System.arraycopy(d, 12, image, 0, image.length);
        return image;
    }

    private HttpResponse<String> post(String url, String json, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The demo project with its UDP ports moved to free ones and without the in-process plant. */
    private static Path copyWithoutPlant(Path to, int controllerPort, int plantPort) throws Exception {
        try (Stream<Path> files = Files.walk(TANK)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains(".ringplc")).toList()) {
                Path target = to.resolve(TANK.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        Path yaml = to.resolve("project.yaml");
        String text = Files.readString(yaml);
        assertTrue(text.contains("127.0.0.1:9600") && text.contains("127.0.0.1:9601") && text.contains("plant: plant"), text);
        text = text.replace("127.0.0.1:9600", "127.0.0.1:" + controllerPort)
                .replace("127.0.0.1:9601", "127.0.0.1:" + plantPort)
                .replaceAll("(?m)^simulation:\\n\\s+plant: plant\\n?", "");
        Files.writeString(yaml, text);
        return to;
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
