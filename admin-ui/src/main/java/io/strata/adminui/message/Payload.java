package io.strata.adminui.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A key or value as the messages page shows it: JSON pretty-printed, other UTF-8 text as it is, and
 * anything else as base64, each with its kind, so the user never mistakes one for another. Pure
 * and immutable.
 */
public record Payload(String kind, String text) {

    private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** From the gateway's base64 (null: no key or value). */
    public static Payload ofBase64(String base64) {
        if (base64 == null) {
            return new Payload("null", "");
        }
        byte[] bytes = Base64.getDecoder().decode(base64);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new Payload("base64", base64);
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode json = PRETTY.readTree(trimmed);
                return new Payload("json", PRETTY.writeValueAsString(json));
            } catch (JsonProcessingException notJson) {
                return new Payload("text", text);
            }
        }
        return new Payload("text", text);
    }
}
