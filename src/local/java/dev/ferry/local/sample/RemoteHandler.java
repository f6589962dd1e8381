package dev.ferry.local.sample;

/** One endpoint of the sample remote, called after the router authenticated and authorised the request. */
interface RemoteHandler {

    RemoteResponse handle(RemoteRequest request, byte[] body) throws RemoteError;
}
