"""Files in and out: downloading from the Hub, the native and reference checkpoint formats, the release
catalogue, the one resolver of ``hypernetwork=``, checks of untrusted files, atomic saves, model cards."""
