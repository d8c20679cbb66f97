// The whole flow through the uniffi-generated Kotlin binding, against the sandbox at SANDBOX_URL.
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import uniffi.alternative_payments_ffi.*

val sandboxUrl: String = System.getenv("SANDBOX_URL") ?: error("set SANDBOX_URL")

fun control(path: String): String {
    val request = HttpRequest.newBuilder(URI.create("$sandboxUrl/_sandbox$path"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("content-type", "application/json").build()
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body()
}

fun main() {
    val config = ClientConfig(clientId = "sandbox_client_id", baseUrl = sandboxUrl, rateLimit = null)
    val client = Client(config, "sandbox_client_secret")
    check(!config.toString().contains("sandbox_client_secret")) { "the secret is never in a printable record" }
    val customer = client.customers().create(CreateCustomerParams(name = "Acme Inc.", email = "billing@acme.com"))
    check(client.customers().get(customer.id) == customer)
    val user = client.customers().createUser(customer.id, CustomersCreateUserParams(email = "jane@acme.com", firstName = "Jane"))
    check(client.customers().usersPage(customer.id, CustomersUsersPageParams()).data == listOf(user))
    check(client.customers().paymentMethods(customer.id).first().kind == "card")

    val invoice = client.invoices().create(InvoicesCreateParams(customerId = customer.id, currency = "USD",
        dueDate = "2025-09-01", lineItems = listOf(LineItemInput(description = "August MSP Fee", amount = "150000", quantity = 1L))))
    check(invoice.total == "150000") { "total ${invoice.total}" }
    check(client.invoices().paymentLink(invoice.id).startsWith("https://"))
    check(client.invoices().pdfLink(invoice.id).contains(".pdf"))

    val request = client.paymentRequests().create(PaymentRequestsCreateParams(amount = 5000L, currency = "USD",
        redirectUrl = "https://yourapp.com/success"))
    control("/payment-requests/${request.id}/pay")
    check(client.paymentRequests().wait(request.id, PaymentRequestsWaitParams(timeoutMs = 10_000uL, pollIntervalMs = 50uL)).status == "PAID")
    val transactions = client.transactions().listPage(ListTransactionsParams()).data
    check(transactions.map { it.total } == listOf("5000"))
    check(transactions[0].fees!![0].amount == "145.3") { "fee ${transactions[0].fees}" }

    val payoutId = Regex("\"id\":\"([^\"]+)\"").find(control("/payouts"))!!.groupValues[1]
    check(client.payouts().get(payoutId).total == "4854.7")
    check(client.payouts().transactions(payoutId).map { it.id } == transactions.map { it.id })

    try {
        client.customers().get("cus_missing")
        error("expected NotFound")
    } catch (e: AlternativePaymentsException.NotFound) {
        check(e.status == 404.toUShort() && e.requestId!!.startsWith("req_"))
    }
    println("kotlin smoke test: the whole flow passed")
}
