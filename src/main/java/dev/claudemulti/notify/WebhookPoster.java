package dev.claudemulti.notify;

import dev.claudemulti.store.OrchestratorLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs events as JSON to {@code --notify-url}: each request with a timeout, up to {@link #TRIES}
 * tries with a short growing pause between them; an answer other than 2xx counts as a failure.
 * A POST that still fails is one line in the orchestrator log, never an error of the run.
 *
 * <p>Blocks the calling thread while it tries (at most about {@code TRIES × timeout} plus the
 * pauses). Not guaranteed: delivery exactly once (a request that timed out may have arrived and
 * is sent again), or order across events when the caller posts from several threads.
 */
final class WebhookPoster {
    static final int TRIES = 3;

    private final URI url;
    private final Duration timeout;
    private final Duration firstPause;
    private final OrchestratorLog log;
    private final HttpClient client;

    WebhookPoster(URI url, Duration timeout, Duration firstPause, OrchestratorLog log) {
        this.url = url;
        this.timeout = timeout;
        this.firstPause = firstPause;
        this.log = log;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends {@code json}; {@code what} names the event in the log. False when every try failed. */
    boolean post(String what, String json) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "claude-multi")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        String failure = null;
        Duration pause = firstPause;
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status / 100 == 2) {
                    return true;
                }
                failure = "HTTP " + status;
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.log("--notify-url: " + what + " not sent: the run ended first");
                return false;
            }
            if (attempt < TRIES && !sleep(pause)) {
                log.log("--notify-url: " + what + " not sent: the run ended first (" + failure + ")");
                return false;
            }
            pause = pause.multipliedBy(2);
        }
        log.log("--notify-url: POST of " + what + " to " + origin(url) + " failed after " + TRIES + " tries: "
                + failure);
        return false;
    }

    /**
     * Scheme, host and port only: a webhook URL often carries its secret in the path or query
     * (Slack's do), and the log must not keep it.
     */
    static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
