package dev.ferry.local.sample;

import java.util.List;

/**
 * {@code GET /installations?after=C&limit=N} (limit defaults to 100): the app's installation ids in
 * id order, {@code {"installations":[...],"pagination":{"afterId":"last id" or null}}}.
 */
final class InstallationsEndpoint implements RemoteHandler {

    static final int DEFAULT_LIMIT = 100;

    private final SampleSourceDatabase source;

    InstallationsEndpoint(SampleSourceDatabase source) {
        this.source = source;
    }

    @Override
    public RemoteResponse handle(RemoteRequest request, byte[] body) throws RemoteError {
        if (!"GET".equals(request.method())) {
            throw RemoteError.methodNotAllowed("use GET");
        }
        int limit = PageLimits.of(request.query(), DEFAULT_LIMIT);
        List<String> ids = source.installationIds(PageLimits.after(request.query()), limit + 1);
        boolean more = ids.size() > limit;
        List<String> page = more ? ids.subList(0, limit) : ids;
        return RemoteResponse.json(200, RemoteJson.body(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("installations");
            for (String id : page) {
                json.writeString(id);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("pagination");
            json.writeFieldName("afterId");
            if (more) {
                json.writeString(page.get(page.size() - 1));
            } else {
                json.writeNull();
            }
            json.writeEndObject();
            json.writeEndObject();
        }));
    }
}
