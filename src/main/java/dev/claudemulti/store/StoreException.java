package dev.claudemulti.store;

/** The state directory cannot be used; the message is one line for the user. */
public class StoreException extends Exception {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
