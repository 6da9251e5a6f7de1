package org.ringplc.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhaseRequestsTest {

    @Test
    void theGenerationACompletionCarriesBackAlwaysMatchesThePhaseAcrossTheWrap() {
        PhaseRequests requests = new PhaseRequests();
        // Past 2^16 phases: were the generation not kept to the 16 bits user_data holds, every
        // completion after the wrap would look like a stray and its phase would never end.
        int mismatches = 0;
        for (int phase = 0; phase < 70_000; phase++) {
            requests.begin();
            long userData = requests.userData(5, UserData.KIND_EXCHANGE);
            if (UserData.generation(userData) != requests.generation || UserData.slot(userData) != 5
                    || UserData.kind(userData) != UserData.KIND_EXCHANGE) {
                mismatches++;
            }
        }
        assertEquals(0, mismatches, "phases whose completions would not be recognised");
    }

    @Test
    void aNewPhaseOwesNothingAndTheWaitCountsWaitingReceives() {
        PhaseRequests requests = new PhaseRequests();
        requests.pendingExchanges = 3;
        requests.pendingLinks = 1;
        requests.pendingCancels = 2;
        requests.pendingBarrier = 1;
        requests.waitingLatest = 4;
        assertEquals(7, requests.owed(), "a waiting RECV_LATEST holds no buffer of the phase");
        assertEquals(11, requests.awaited());

        requests.begin();

        assertEquals(0, requests.awaited());
    }

    @Test
    void registrationGrowsThePerExchangeStateAndKeepsWhatWasThere() {
        PhaseRequests requests = new PhaseRequests();
        for (int id = 0; id < 100; id++) {
            requests.registered(id, id % 3 == 0);
        }
        for (int id = 0; id < 100; id++) {
            assertEquals(id % 3 == 0, requests.linked[id], "exchange " + id);
        }
        assertTrue(requests.inFlight.length >= 100 && requests.sqePosition.length >= 100
                && requests.cancelRequested.length >= 100);
    }
}
