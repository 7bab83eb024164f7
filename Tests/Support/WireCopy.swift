/// Hand-made wire copy shared by the core, CLI and HTTP tests of the filing-time rules.
public enum WireCopy {
    /// A weekly report whose words and figures stay the same from week to week except the week's date: only its
    /// filing time tells one week's edition from the next.
    public static func weeklyShipments(week: String) -> String {
        """
        GRAIN SHIPMENTS TO THE SOVIET UNION

        No U.S. corn, wheat or soybeans were shipped to the Soviet
        Union in the week ended \(week), according to the Agriculture
        Department's weekly export report.
            Shipments in the previous year of the grain agreement, which
        ended September 30, totalled 152,600 tonnes of wheat, 6,808,100
        tonnes of corn and 1,518,700 tonnes of soybeans.
         Reuter
        """
    }
}
