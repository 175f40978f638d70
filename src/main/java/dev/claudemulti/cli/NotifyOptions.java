package dev.claudemulti.cli;

import dev.claudemulti.notify.NotifySettings;
import dev.claudemulti.store.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options of a batch about telling the outside world: hooks and a URL to POST events to;
 * part of {@link BatchOptions}. The task file's top-level {@code onSessionEnd} and {@code onFinish}
 * apply where these leave a hook unset.
 */
public class NotifyOptions {
    @Option(
            names = "--on-session-end",
            paramLabel = "CMD",
            description = "Shell command run (sh -c, in the project directory) each time a session ends, with"
                    + " CLAUDE_MULTI_RUN, _TASK, _STATUS, _REASON, _COST_USD, _BRANCH and _REPORT set;"
                    + " overrides the task file's onSessionEnd.")
    String onSessionEnd;

    @Option(
            names = "--on-finish",
            paramLabel = "CMD",
            description = "Shell command run when the batch ends, after report.json is written in the run's"
                    + " directory; overrides the task file's onFinish.")
    String onFinish;

    @Option(
            names = "--notify-url",
            paramLabel = "URL",
            description = "POST each session's end and the batch's end as JSON to this http(s) URL"
                    + " (10s timeout, 3 tries; failures are logged).")
    String notifyUrl;

    /** The options that give a detached orchestrator these settings (see {@link Detacher}). */
    static List<String> arguments(NotifySettings settings) {
        List<String> args = new ArrayList<>();
        if (settings.onSessionEnd() != null) {
            args.addAll(List.of("--on-session-end", settings.onSessionEnd()));
        }
        if (settings.onFinish() != null) {
            args.addAll(List.of("--on-finish", settings.onFinish()));
        }
        if (settings.notifyUrl() != null) {
            args.addAll(List.of("--notify-url", settings.notifyUrl().toString()));
        }
        return args;
    }

    NotifySettings resolve() {
        return new NotifySettings(command(onSessionEnd, "--on-session-end"), command(onFinish, "--on-finish"), url());
    }

    private static String command(String value, String option) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new UserException(option + " must not be empty");
        }
        return value;
    }

    private URI url() {
        if (notifyUrl == null) {
            return null;
        }
        return checkedUrl(notifyUrl.strip());
    }

    /** An absolute http or https URL with a host, else one line for the user, which never shows a token. */
    static URI checkedUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new UserException("--notify-url '" + withoutSecrets(text) + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UserException("--notify-url '" + withoutSecrets(text) + "' must be an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new UserException("--notify-url '" + withoutSecrets(text) + "' has no host");
        }
        return uri;
    }

    /**
     * {@code url} as it may be printed: user information, query and fragment, where webhooks carry
     * their tokens, become {@link Secrets#REDACTED}. Not guaranteed: a token in the path is kept
     * (error messages need the rest to be recognised).
     */
    static String withoutSecrets(String url) {
        return url.replaceFirst("(//)[^/?#]*@", "$1" + Secrets.REDACTED + "@")
                .replaceFirst("\\?.*", "?" + Secrets.REDACTED)
                .replaceFirst("#.*", "#" + Secrets.REDACTED);
    }
}
