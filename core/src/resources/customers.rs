//! `client.customers()`: customers, their payment methods and their users.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::models::{Customer, CustomerUser, PaymentMethod};
use crate::pagination::{query_pairs, ListStream, Page, Paginator};
use crate::transport::{Call, Transport};
use crate::validate;

/// Filters and cursors of [`Customers::list`] and [`Customers::list_page`].
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ListCustomersParams {
    /// Page size.
    #[serde(default, deserialize_with = "crate::operations::whole::option_limit")]
    pub limit: Option<u32>,
    /// Start after this cursor (an `end_cursor`).
    pub after: Option<String>,
    /// End before this cursor (a `start_cursor`).
    pub before: Option<String>,
    /// Only customers whose name contains this.
    pub company_name: Option<String>,
    /// Only customers created at or after this RFC 3339 time, or a date (its first instant in UTC).
    pub created_at_start: Option<String>,
    /// Only customers created at or before this RFC 3339 time, or a date (its last instant in UTC).
    pub created_at_end: Option<String>,
}

/// Cursors of [`Customers::users`] and [`Customers::users_page`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct PageParams {
    /// Page size.
    pub limit: Option<u32>,
    /// Start after this cursor (an `end_cursor`).
    pub after: Option<String>,
    /// End before this cursor (a `start_cursor`).
    pub before: Option<String>,
}

/// The body of [`Customers::create`].
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateCustomer {
    /// Customer or company name (required).
    pub name: String,
    /// Billing contact email (required).
    pub email: String,
    /// Your own reference for the customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// The body of [`Customers::create_user`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct CreateCustomerUser {
    /// The user's email (required).
    pub email: String,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// Customer endpoints. Get one with [`Client::customers`](crate::Client::customers).
#[derive(Clone, Debug)]
pub struct Customers {
    pub(crate) transport: Arc<Transport>,
}

impl Customers {
    /// Every customer, fetched page by page as the stream is read.
    pub fn list(&self, params: ListCustomersParams) -> ListStream<Customer> {
        self.paginator(&params).into_stream()
    }

    /// A paginator over every customer (what [`Customers::list`] streams).
    pub fn paginator(&self, params: &ListCustomersParams) -> Paginator<Customer> {
        Paginator::new(self.transport.clone(), "/customers".into(), query_pairs(params))
    }

    /// One page of customers.
    pub async fn list_page(&self, params: &ListCustomersParams) -> Result<Page<Customer>> {
        self.transport.page(Call::get("/customers").query(query_pairs(params)?)).await
    }

    /// Creates a customer.
    ///
    /// ```no_run
    /// # async fn run(client: alternative_payments::Client) -> alternative_payments::Result<()> {
    /// use alternative_payments::CreateCustomer;
    /// let customer = client
    ///     .customers()
    ///     .create(&CreateCustomer { name: "Acme Inc.".into(), email: "billing@acme.com".into(), external_id: None })
    ///     .await?;
    /// println!("created {}", customer.id);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, params: &CreateCustomer) -> Result<Customer> {
        validate::required_text("name", &params.name)?;
        validate::required_text("email", &params.email)?;
        validate::text("external_id", params.external_id.as_deref().unwrap_or_default())?;
        self.transport.json(Call::post("/customers", params)?).await
    }

    /// One customer by id.
    pub async fn get(&self, id: &str) -> Result<Customer> {
        let id = validate::path_id("id", id)?;
        self.transport.json(Call::get(format!("/customers/{id}"))).await
    }

    /// Archives (soft-deletes) a customer. Returns the archived customer when the API sends
    /// it back (200), `None` when it answers 204.
    pub async fn archive(&self, id: &str) -> Result<Option<Customer>> {
        let id = validate::path_id("id", id)?;
        let answer = self.transport.send(Call::delete(format!("/customers/{id}"))).await?;
        crate::resources::optional_object(answer)
    }

    /// The customer's saved payment methods: every page, when the server pages them.
    pub async fn payment_methods(&self, id: &str) -> Result<Vec<PaymentMethod>> {
        let id = validate::path_id("id", id)?;
        Paginator::new(self.transport.clone(), format!("/customers/{id}/payment-methods"), Ok(Vec::new()))
            .collect()
            .await
    }

    /// Every user of a customer, fetched page by page as the stream is read.
    pub fn users(&self, id: &str, params: PageParams) -> ListStream<CustomerUser> {
        match self.users_paginator(id, &params) {
            Ok(paginator) => paginator.into_stream(),
            Err(err) => Box::pin(futures_util::stream::once(async move { Err(err) })),
        }
    }

    /// A paginator over every user of a customer (what [`Customers::users`] streams).
    pub fn users_paginator(&self, id: &str, params: &PageParams) -> Result<Paginator<CustomerUser>> {
        let id = validate::path_id("id", id)?;
        Ok(Paginator::new(self.transport.clone(), format!("/customers/{id}/users"), query_pairs(params)))
    }

    /// One page of a customer's users.
    pub async fn users_page(&self, id: &str, params: &PageParams) -> Result<Page<CustomerUser>> {
        let id = validate::path_id("id", id)?;
        self.transport.page(Call::get(format!("/customers/{id}/users")).query(query_pairs(params)?)).await
    }

    /// Adds a user to a customer.
    pub async fn create_user(&self, id: &str, params: &CreateCustomerUser) -> Result<CustomerUser> {
        let id = validate::path_id("id", id)?;
        validate::required_text("email", &params.email)?;
        validate::text("first_name", params.first_name.as_deref().unwrap_or_default())?;
        validate::text("last_name", params.last_name.as_deref().unwrap_or_default())?;
        self.transport.json(Call::post(format!("/customers/{id}/users"), params)?).await
    }
}

/// The blocking twin of this resource, for code that is not async (see [`crate::blocking`]).
pub mod blocking {
    use super::*;
    use crate::pagination::Page;

    crate::blocking::blocking_resource! {
        /// Blocking customer endpoints (see [`crate::Customers`]).
        Customers => customers {
            /// One page of customers.
            fn list_page(params: &ListCustomersParams) -> Page<Customer>;
            /// Creates a customer.
            fn create(params: &CreateCustomer) -> Customer;
            /// One customer by id.
            fn get(id: &str) -> Customer;
            /// Archives a customer (`None` when the API answers 204).
            fn archive(id: &str) -> Option<Customer>;
            /// The customer's saved payment methods.
            fn payment_methods(id: &str) -> Vec<PaymentMethod>;
            /// One page of a customer's users.
            fn users_page(id: &str, params: &PageParams) -> Page<CustomerUser>;
            /// Adds a user to a customer.
            fn create_user(id: &str, params: &CreateCustomerUser) -> CustomerUser;
        }
        lists {
            /// Every customer, page by page as the iterator is read.
            list(params: ListCustomersParams) via paginator -> Customer;
        }
    }

    impl Customers<'_> {
        /// Every user of a customer, page by page as the iterator is read.
        pub fn users(&self, id: &str, params: PageParams) -> crate::blocking::Items<CustomerUser> {
            let paginator = self.client.async_client().and_then(|c| c.customers().users_paginator(id, &params));
            crate::blocking::Iter::new(self.client, paginator)
        }
    }
}
