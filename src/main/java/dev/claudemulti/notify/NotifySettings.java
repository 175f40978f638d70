package dev.claudemulti.notify;

import java.net.URI;

/**
 * What a batch tells the outside world when a session or the batch ends.
 *
 * @param onSessionEnd shell command run once per session that reaches a final state, or null
 * @param onFinish     shell command run when the batch ends, or null
 * @param notifyUrl    http(s) URL the same events are POSTed to as JSON, or null
 */
public record NotifySettings(String onSessionEnd, String onFinish, URI notifyUrl) {
    public static NotifySettings none() {
        return new NotifySettings(null, null, null);
    }

    /** True when nothing is to be told: no listener is needed. */
    public boolean isEmpty() {
        return onSessionEnd == null && onFinish == null && notifyUrl == null;
    }

    /** These settings, with the task file's hooks where the command line set none. */
    public NotifySettings orFileHooks(String fileOnSessionEnd, String fileOnFinish) {
        return new NotifySettings(
                onSessionEnd != null ? onSessionEnd : fileOnSessionEnd,
                onFinish != null ? onFinish : fileOnFinish,
                notifyUrl);
    }
}
