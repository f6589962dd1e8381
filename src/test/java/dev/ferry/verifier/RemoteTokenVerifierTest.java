package dev.ferry.verifier;

import static dev.ferry.verifier.TestTokens.NOW;
import static dev.ferry.verifier.TestTokens.app;
import static dev.ferry.verifier.TestTokens.hs256;
import static dev.ferry.verifier.TestTokens.installation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.ferry.verifier.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HS256 verification, and every claim check, one refusal per test. */
class RemoteTokenVerifierTest {
    private final RemoteTokenVerifier verifier = TestTokens.hmacVerifier().build();

    private Reason refusal(ThrowingVerification call) {
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class, call::run);
        assertThat(e).as("the token should have been refused").isNotNull();
        return e.reason();
    }

    @FunctionalInterface
    private interface ThrowingVerification {
        void run() throws TokenRejectedException;
    }

    @Test
    void acceptsFerrysInstallationToken_andSaysWhoCalls() throws Exception {
        // given a token as Ferry signs it for installation acme
        String token = hs256(installation("acme"));

        // when it is verified for acme, as the Authorization header carries it
        VerifiedToken caller = verifier.verifyForInstallation("Bearer " + token, "acme");

        // then the caller is acme, by HS256
        assertThat(caller.installation()).contains("acme");
        assertThat(caller.subject()).isEqualTo("acme");
        assertThat(caller.algorithm()).isEqualTo("HS256");
        assertThat(caller.tokenId()).isNotBlank();
        assertThat(caller.isAppCall()).isFalse();
    }

    @Test
    void acceptsTheBareToken_andAnyCaseOfBearer() throws Exception {
        // given a valid token
        String token = hs256(installation("acme"));

        // when / then it is accepted bare or after "bearer"
        assertThat(verifier.verifyForAnyInstallation(token).installationId()).isEqualTo("acme");
        assertThat(verifier.verifyForAnyInstallation("bearer " + token).installationId()).isEqualTo("acme");
    }

    @Test
    void acceptsTheAppToken_forAnAppLevelCall() throws Exception {
        // given the listing's token
        String token = hs256(app());

        // when
        VerifiedToken caller = verifier.verifyForApp(token);

        // then it acts for no installation
        assertThat(caller.isAppCall()).isTrue();
        assertThat(caller.subject()).isEqualTo(RemoteTokenVerifier.APP_SUBJECT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Bearer", "Bearer   ", "Basic dXNlcjpwYXNz"})
    void refusesMissingToken(String header) {
        // given no bearer token in the header / when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(header, "acme"))).isEqualTo(Reason.MISSING);
    }

    @Test
    void refusesNullHeader_asMissing() {
        assertThat(refusal(() -> verifier.verifyForInstallation(null, "acme"))).isEqualTo(Reason.MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a.b.c", "....", "Bearer x.y", "e30.e30.e30.e30.e30"})
    void refusesMalformedToken(String header) {
        // given something that is not a JWT / when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(header, "acme"))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void refusesToken_whosePayloadIsNotAClaimsObject() {
        // given a correctly signed token whose payload is a JSON array
        String header = Base64URL.encode("{\"alg\":\"HS256\"}").toString();
        String payload = Base64URL.encode("[1,2]").toString();
        String token = signRaw(header, payload);

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "acme"))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void refusesExpiredToken_beyondTheClockSkew() throws Exception {
        // given a token that expired 61 s ago, and one that expired 59 s ago (within the 60 s skew)
        String expired = hs256(installation("acme").issueTime(Date.from(NOW.minusSeconds(121)))
                .expirationTime(Date.from(NOW.minusSeconds(61))));
        String withinSkew = hs256(installation("acme").issueTime(Date.from(NOW.minusSeconds(119)))
                .expirationTime(Date.from(NOW.minusSeconds(59))));

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(expired, "acme"))).isEqualTo(Reason.EXPIRED);
        assertThat(verifier.verifyForInstallation(withinSkew, "acme").installationId()).isEqualTo("acme");
    }

    @Test
    void refusesNotYetValidToken_byNbfOrIat() {
        // given tokens valid only from two minutes on
        Date later = Date.from(NOW.plusSeconds(120));
        String notBefore = hs256(installation("acme").notBeforeTime(later).expirationTime(Date.from(NOW.plusSeconds(180))));
        String issuedLater = hs256(installation("acme").issueTime(later).notBeforeTime(null)
                .expirationTime(Date.from(NOW.plusSeconds(180))));

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(notBefore, "acme"))).isEqualTo(Reason.NOT_YET_VALID);
        assertThat(refusal(() -> verifier.verifyForInstallation(issuedLater, "acme"))).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void refusesToken_thatLivesLongerThanAllowed() {
        // given a token valid for a year
        String token = hs256(installation("acme").expirationTime(Date.from(NOW.plus(Duration.ofDays(365)))));

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "acme"))).isEqualTo(Reason.TOO_LONG_LIVED);
    }

    @Test
    void refusesTamperedClaims_keepingTheOriginalSignature() {
        // given acme's token with its claims swapped for globex's
        String token = TestTokens.withClaims(hs256(installation("acme")), installation("globex"));

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "globex"))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesTamperedSignature() {
        // given a token whose signature's first character was changed
        String token = hs256(installation("acme"));
        int sig = token.lastIndexOf('.') + 1;
        String tampered = token.substring(0, sig) + (token.charAt(sig) == 'A' ? 'B' : 'A') + token.substring(sig + 1);

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(tampered, "acme"))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesToken_signedWithAnotherSecret() {
        // given a token signed with a different 32+ byte secret
        String token = hs256(installation("acme"), "another-secret-of-enough-length-0123456789".getBytes(StandardCharsets.UTF_8));

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "acme"))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesUnsignedToken_algNone() {
        // given an alg:none token with perfect claims
        String token = TestTokens.unsigned(installation("acme"));

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "acme"))).isEqualTo(Reason.WRONG_ALGORITHM);
    }

    @Test
    void refusesOtherHmacAlgorithms_evenWithTheRightSecret() {
        // given an HS512 token signed with the shared secret (64 bytes, so HS512 is allowed)
        byte[] longSecret = (new String(TestTokens.SECRET, StandardCharsets.UTF_8).repeat(2)).getBytes(StandardCharsets.UTF_8);
        RemoteTokenVerifier longKeyed = RemoteTokenVerifier.builder().sharedSecret(longSecret).clock(TestTokens.CLOCK).build();
        String token = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS512).type(JOSEObjectType.JWT).build(),
                installation("acme"), longSecret);

        // when / then
        assertThat(refusal(() -> longKeyed.verifyForInstallation(token, "acme"))).isEqualTo(Reason.WRONG_ALGORITHM);
    }

    @Test
    void refusesRs256Token_whenOnlyASharedSecretIsConfigured() {
        // given a genuine RS256 token, and a verifier holding only the HS256 secret
        String token = TestTokens.rs256(installation("acme"), TestTokens.RSA_KEY, "key-1");

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "acme"))).isEqualTo(Reason.WRONG_ALGORITHM);
    }

    @Test
    void refusesWrongAudience() {
        String token = hs256(installation("acme").audience("someone-else"));
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "acme"))).isEqualTo(Reason.WRONG_AUDIENCE);
    }

    @Test
    void refusesMissingAudience() {
        String token = hs256(installation("acme").audience((String) null));
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "acme"))).isEqualTo(Reason.WRONG_AUDIENCE);
    }

    @Test
    void refusesWrongIssuer() {
        String token = hs256(installation("acme").issuer("mallory"));
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "acme"))).isEqualTo(Reason.WRONG_ISSUER);
    }

    @Test
    void refusesToken_withoutExpiryIssueTimeOrId() {
        // given tokens each missing one required claim
        String noExp = hs256(installation("acme").expirationTime(null));
        String noIat = hs256(installation("acme").issueTime(null));
        String noJti = hs256(installation("acme").jwtID(null));

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(noExp, "acme"))).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(refusal(() -> verifier.verifyForInstallation(noIat, "acme"))).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(refusal(() -> verifier.verifyForInstallation(noJti, "acme"))).isEqualTo(Reason.MISSING_CLAIM);
    }

    @Test
    void refusesToken_forAnotherInstallation() {
        // given globex's genuine token presented on a request for acme
        String token = hs256(installation("globex"));

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "acme"))).isEqualTo(Reason.WRONG_INSTALLATION);
    }

    @Test
    void refusesAppToken_onAnInstallationCall() {
        String token = hs256(app());
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "acme"))).isEqualTo(Reason.WRONG_INSTALLATION);
        assertThat(refusal(() -> verifier.verifyForAnyInstallation(token))).isEqualTo(Reason.WRONG_INSTALLATION);
    }

    @Test
    void refusesInstallationToken_onAnAppLevelCall() {
        String token = hs256(installation("acme"));
        assertThat(refusal(() -> verifier.verifyForApp(token))).isEqualTo(Reason.WRONG_INSTALLATION);
    }

    @Test
    void refusesAppLevelToken_withAnotherSubject() {
        String token = hs256(TestTokens.base().subject("someone"));
        assertThat(refusal(() -> verifier.verifyForApp(token))).isEqualTo(Reason.WRONG_SUBJECT);
    }

    @Test
    void refusesInstallationToken_whoseSubjectNamesAnotherInstallation() {
        // given a token whose installationId and sub disagree
        String token = hs256(installation("acme").subject("globex"));

        // when / then
        assertThat(refusal(() -> verifier.verifyForInstallation(token, "acme"))).isEqualTo(Reason.WRONG_SUBJECT);
    }

    @Test
    void refusesInstallationClaim_thatIsNotAString() {
        String token = hs256(TestTokens.base().claim(RemoteTokenVerifier.INSTALLATION_CLAIM, 42));
        assertThat(refusal(() -> verifier.verifyForAnyInstallation(token))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void refusalMessage_neverContainsTheTokenOrTheSecret() {
        // given a tampered token
        String token = TestTokens.withClaims(hs256(installation("acme")), installation("globex"));

        // when
        TokenRejectedException e = catchThrowableOfType(TokenRejectedException.class,
                () -> verifier.verifyForInstallation(token, "globex"));

        // then neither the token, nor any of its parts, nor the secret is in what a log would show
        String shown = e.getMessage() + " " + e;
        for (String part : token.split("\\.")) {
            assertThat(shown).doesNotContain(part);
        }
        assertThat(shown).doesNotContain(new String(TestTokens.SECRET, StandardCharsets.UTF_8));
        assertThat(verifier.toString()).doesNotContain(new String(TestTokens.SECRET, StandardCharsets.UTF_8));
    }

    @Test
    void mapsRefusals_toHttpStatuses() {
        assertThat(Reason.BAD_SIGNATURE.httpStatus()).isEqualTo(401);
        assertThat(Reason.WRONG_INSTALLATION.httpStatus()).isEqualTo(403);
        assertThat(Reason.KEYS_UNAVAILABLE.httpStatus()).isEqualTo(503);
    }

    @Test
    void refusesConfiguration_withoutKeysOrWithAShortSecretOrTooMuchSkew() {
        assertThatThrownBy(() -> RemoteTokenVerifier.builder().build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteTokenVerifier.builder().sharedSecret(new byte[16]).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> RemoteTokenVerifier.builder().clockSkew(Duration.ofMinutes(6)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteTokenVerifier.builder().clockSkew(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToVerify_withoutBeingToldTheInstallation() {
        String token = hs256(installation("acme"));
        assertThatThrownBy(() -> verifier.verifyForInstallation(token, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String signRaw(String header, String payload) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(TestTokens.SECRET, "HmacSHA256"));
            byte[] sig = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64URL.encode(sig);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
