package io.graphdrive.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sign-in link `graphdrive up` and `graphdrive status` print. */
class ApiClientTest {
  @Test
  void theTokenTravelsInTheFragment() {
    assertEquals("http://127.0.0.1:8080/#token=abc123", ApiClient.loginLink("http://127.0.0.1:8080", "abc123"));
    assertEquals("http://h:1/#token=a%20b%26c%23", new ApiClient("http://h:1/", "a b&c#").loginLink());
  }
}
